from datetime import timedelta

import bcrypt
import pytest

from inventorypulse.config import Settings, settings
from inventorypulse.db import session_scope
from inventorypulse.models import User
from inventorypulse.models.base import utcnow
from inventorypulse.services import auth
from inventorypulse.services.errors import AccountLocked, AuthError


def test_production_bcrypt_cost_is_at_least_12():
    assert Settings.model_fields["bcrypt_rounds"].default >= 12


def test_hash_uses_configured_cost_and_verifies():
    hashed = auth.hash_password("s3cret-pw")
    assert bcrypt.checkpw(b"s3cret-pw", hashed.encode())
    assert hashed.split("$")[2] == f"{settings.bcrypt_rounds:02d}"
    assert auth.verify_password("s3cret-pw", hashed)
    assert not auth.verify_password("wrong", hashed)
    assert not auth.verify_password("x", "not-a-bcrypt-hash")


def test_ensure_admin_creates_once_and_never_overwrites(db):
    with session_scope() as s:
        first = auth.ensure_admin(s, username="boss", password="pw-one-1")
    with session_scope() as s:
        again = auth.ensure_admin(s, username="boss", password="another-pw")
        assert again.id == first.id
        assert auth.verify_password("pw-one-1", again.password_hash)
        assert again.role == "admin"


def test_login_by_username_or_email_case_insensitive_email(db, admin_user):
    with session_scope() as s:
        assert auth.authenticate(s, login="admin", password="admin-test-pw").id == admin_user.id
    with session_scope() as s:
        assert auth.authenticate(s, login=admin_user.email.upper(), password="admin-test-pw").id == admin_user.id


def test_lockout_after_five_failures_then_unlocks(db, admin_user):
    for _ in range(5):
        with session_scope() as s, pytest.raises(AuthError):
            auth.authenticate(s, login="admin", password="bad")
    with session_scope() as s, pytest.raises(AccountLocked):
        auth.authenticate(s, login="admin", password="admin-test-pw")  # even the right password
    with session_scope() as s:
        user = s.get(User, admin_user.id)
        user.locked_until = utcnow() - timedelta(seconds=1)  # 15 minutes later
        s.add(user)
    with session_scope() as s:
        assert auth.authenticate(s, login="admin", password="admin-test-pw").failed_login_attempts == 0


def test_refresh_rotates_and_old_token_is_revoked(db, admin_user):
    with session_scope() as s:
        pair = auth.issue_tokens(s, s.get(User, admin_user.id))
    with session_scope() as s:
        _, new_pair = auth.refresh_tokens(s, refresh_token=pair.refresh_token)
    with session_scope() as s, pytest.raises(AuthError):
        auth.refresh_tokens(s, refresh_token=pair.refresh_token)
    with session_scope() as s:
        assert auth.user_from_access_token(s, new_pair.access_token).id == admin_user.id


def test_access_token_cannot_be_used_as_refresh_and_vice_versa(db, admin_user):
    with session_scope() as s:
        pair = auth.issue_tokens(s, s.get(User, admin_user.id))
    with session_scope() as s:
        with pytest.raises(AuthError):
            auth.refresh_tokens(s, refresh_token=pair.access_token)
        with pytest.raises(AuthError):
            auth.user_from_access_token(s, pair.refresh_token)


def test_secret_key_generated_once_and_kept(tmp_path, monkeypatch):
    import inventorypulse.config as config

    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    first = Settings(secret_key=None).jwt_secret
    second = Settings(secret_key=None).jwt_secret
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert Settings(secret_key="explicit").jwt_secret == "explicit"


def test_env_file_is_honoured(tmp_path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text("DATABASE_URL=sqlite:///from-env-file.db\nREDIS_URL=redis://127.0.0.1:6379/3\n")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    loaded = Settings(_env_file=env)
    assert loaded.database_url == "sqlite:///from-env-file.db"
    assert loaded.redis_url == "redis://127.0.0.1:6379/3"


def test_generated_user_ids_skip_ids_already_taken(db):
    from tests.factories import make_user

    with session_scope() as s:
        make_user(s, "staff", user_id="USR0002")  # row id 1, but holds the id row 2 would get
    with session_scope() as s:
        admin = auth.ensure_admin(s, username="boss", password="pw-one-1")
        assert admin.user_id == "USR0003"

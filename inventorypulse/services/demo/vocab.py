"""Static vocabulary of the demo business: categories with their word lists, suppliers,
warehouses, customers and users. Data only; the random parts are drawn in catalogue.py."""

from __future__ import annotations

from dataclasses import dataclass

# Weekly demand profiles, Monday..Sunday (normalised to mean 1 when used).
WEEKLY_PROFILES = {
    "b2b": (1.25, 1.2, 1.2, 1.15, 1.1, 0.6, 0.5),  # businesses buy on weekdays
    "retail": (0.9, 0.9, 0.95, 1.0, 1.1, 1.2, 0.95),
    "weekend": (0.8, 0.8, 0.85, 0.9, 1.05, 1.4, 1.15),  # DIY and garden shoppers
}


@dataclass(frozen=True)
class Range:
    """A subcategory's words: a name is brand + adjective + noun + ", " + variant."""

    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]  # added to the category's general adjectives
    variants: tuple[str, ...]


@dataclass(frozen=True)
class CategorySpec:
    name: str
    code: str  # SKU prefix
    description: str
    unit: str
    cost_median: float  # dollars; costs are log-normal around it
    cost_sigma: float
    weekly: str  # key of WEEKLY_PROFILES
    peak_day: int  # day of year when demand peaks
    seasonality: float  # yearly amplitude (0 = flat)
    adjectives: tuple[str, ...]  # fit every noun of the category
    brands: tuple[str, ...]
    ranges: dict[str, Range]  # subcategory -> words
    tags: tuple[str, ...]
    storage: tuple[str, ...] = ()
    lot_tracked: bool = False
    shelf_life_days: tuple[int, int] = (0, 0)


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "Electronics", "ELE", "Consumer electronics, computer accessories, cables and chargers.",
        "pieces", 18.0, 0.8, "retail", 335, 0.35,
        ("Compact", "Pro", "Slim", "Premium", "Essential", "Everyday", "Plus", "Travel"),
        ("Voltix", "Nexora", "Lumetra", "Arcwave", "Kinetic", "Sonaro", "Pixelon", "Corelink"),
        {
            "Audio": Range(("Bluetooth Speaker", "Wireless Earbuds", "Over-Ear Headphones", "Soundbar",
                            "Portable Radio"),
                           ("Noise-Cancelling", "Waterproof", "Bass-Boost", "Studio"),
                           ("Black", "White", "Midnight Blue", "Graphite", "Gen 2", "Sport Edition")),
            "Computer Accessories": Range(("USB-C Hub", "Wireless Mouse", "Mechanical Keyboard", "Laptop Stand",
                                           "HD Webcam"),
                                          ("Ergonomic", "Low-Profile", "Aluminium", "Multi-Device"),
                                          ("Black", "Silver", "Space Gray", "US Layout", "7-in-1", "Bulk Pack")),
            "Cables & Chargers": Range(("HDMI Cable", "USB-C Cable", "Wall Charger", "Power Bank",
                                        "Surge Protector"),
                                       ("Fast-Charge", "Braided", "Heavy-Duty", "Dual-Port"),
                                       ("1 m", "2 m", "3 m", "20W", "65W", "10000 mAh")),
            "Smart Home": Range(("Smart Plug", "LED Smart Bulb", "Motion Sensor", "Video Doorbell",
                                 "Smart Thermostat"),
                                ("Wi-Fi", "Voice-Controlled", "Energy-Saving", "Dual-Band"),
                                ("Single", "2-Pack", "4-Pack", "E26", "Warm White", "Starter Kit")),
        },
        ("electronics", "gadgets", "usb-c", "wireless", "gift-idea"),
        ("fragile",),
    ),
    CategorySpec(
        "Office Supplies", "OFF", "Paper, writing instruments, filing and desk accessories.",
        "packs", 4.0, 0.7, "b2b", 245, 0.25,
        ("Classic", "Recycled", "Premium", "Everyday", "Executive", "Eco", "Essential", "Value"),
        ("Papyra", "Scriptline", "OfficeCore", "Deskmate", "Inkwell", "Brightleaf", "Quillon", "Notara"),
        {
            "Paper": Range(("Copy Paper", "Sticky Notes", "Spiral Notebook", "Legal Pad", "Index Cards"),
                           ("Acid-Free", "Bright White", "Ruled", "Heavyweight"),
                           ("A4", "Letter Size", "500 Sheets", "Ream", "Pack of 12", "Assorted Colors")),
            "Writing": Range(("Ballpoint Pens", "Gel Pens", "Highlighters", "Dry-Erase Markers",
                              "Mechanical Pencils"),
                             ("Smooth-Writing", "Quick-Dry", "Retractable", "Fine-Point"),
                             ("Blue", "Black", "Red", "Assorted Colors", "Pack of 12", "Box of 50")),
            "Filing": Range(("Ring Binder", "File Folders", "Document Wallet", "Archive Box", "Hanging Files"),
                            ("Heavy-Duty", "Expandable", "Colour-Coded", "Stackable"),
                            ("A4", "Letter Size", "2 in", "Pack of 10", "Pack of 25", "Box of 100")),
            "Desk Accessories": Range(("Stapler", "Tape Dispenser", "Desk Organizer", "Paper Clips",
                                       "Scissors"),
                                      ("Heavy-Duty", "Non-Slip", "Soft-Grip", "Compact"),
                                      ("Black", "Silver", "Box of 100", "8 in", "Mesh", "Single")),
        },
        ("office", "stationery", "back-to-school", "recycled", "bulk"),
    ),
    CategorySpec(
        "Tools & Hardware", "TLS", "Hand and power tools, fasteners and tool storage.",
        "pieces", 12.0, 0.9, "weekend", 120, 0.15,
        ("Professional", "Heavy-Duty", "Contractor", "Pro-Grade", "Essential", "Workshop", "Industrial",
         "Compact"),
        ("Forgeline", "Torqa", "IronPeak", "Buildwell", "Stanlow", "Crafton", "Granitek", "Boltmark"),
        {
            "Hand Tools": Range(("Claw Hammer", "Screwdriver Set", "Adjustable Wrench", "Utility Knife",
                                 "Pliers Set", "Tape Measure"),
                                ("Magnetic", "Ergonomic", "Hardened", "Precision"),
                                ("6-Piece", "8 in", "10 in", "16 oz", "25 ft", "with Case")),
            "Power Tools": Range(("Cordless Drill", "Impact Driver", "Angle Grinder", "Jigsaw",
                                  "Orbital Sander"),
                                 ("Brushless", "18V", "20V", "Variable-Speed"),
                                 ("Bare Tool", "Kit", "with 2 Batteries", "4.5 in", "with Case", "Yellow")),
            "Fasteners": Range(("Wood Screws", "Drywall Anchors", "Hex Bolts", "Wall Plugs", "Cable Ties"),
                               ("Zinc-Plated", "Stainless", "Self-Tapping", "Galvanized"),
                               ("M6", "M8", "#8 x 1-1/4 in", "Pack of 100", "Pack of 250", "Assorted")),
            "Storage": Range(("Tool Box", "Parts Organizer", "Tool Belt", "Rolling Tool Chest"),
                             ("Lockable", "Stackable", "Weatherproof", "Modular"),
                             ("19 in", "22 in", "26 in", "Black", "Red", "12 Compartments")),
        },
        ("tools", "diy", "hardware", "contractor", "workshop"),
    ),
    CategorySpec(
        "Cleaning", "CLN", "Cleaning chemicals, wipes, janitorial equipment and waste bags.",
        "units", 4.0, 0.6, "b2b", 90, 0.15,
        ("Commercial", "Professional", "Everyday", "Eco", "Industrial", "Premium", "Value", "Classic"),
        ("Sparkline", "PureNest", "CleanCore", "Brightway", "Fresko", "Tidal", "Glimmo", "Sanitra"),
        {
            "Surface Care": Range(("All-Purpose Cleaner", "Glass Cleaner", "Disinfectant Spray", "Degreaser",
                                   "Floor Cleaner"),
                                  ("Lemon", "Unscented", "Streak-Free", "Concentrated"),
                                  ("500 ml", "750 ml", "1 L", "5 L", "Refill", "Case of 12")),
            "Paper & Wipes": Range(("Paper Towels", "Disinfecting Wipes", "Microfiber Cloths", "Toilet Tissue",
                                    "Facial Tissues"),
                                   ("Ultra-Soft", "2-Ply", "Lint-Free", "Antibacterial"),
                                   ("Pack of 6", "Pack of 12", "Case of 24", "80 Wipes", "Jumbo Roll", "Bulk")),
            "Equipment": Range(("Spray Mop", "Dustpan Set", "Scrub Brush", "Mop Bucket", "Squeegee"),
                               ("Heavy-Duty", "Ergonomic", "Telescopic", "Non-Scratch"),
                               ("Blue", "Gray", "Yellow", "12 in", "18 in", "with Refill")),
            "Waste": Range(("Trash Bags", "Recycling Bags", "Bin Liners", "Compost Bags"),
                           ("Extra-Strong", "Drawstring", "Compostable", "Scented"),
                           ("13 gal", "33 gal", "55 gal", "Roll of 50", "Box of 100", "Case of 250")),
        },
        ("cleaning", "janitorial", "eco", "disinfectant", "facility"),
        ("keep-dry",),
    ),
    CategorySpec(
        "Packaging", "PKG", "Shipping boxes, protective packaging, tape, labels and mailers.",
        "packs", 6.0, 0.8, "b2b", 320, 0.30,
        ("Recyclable", "Heavy-Duty", "Economy", "Premium", "Standard", "Industrial", "Eco", "Value"),
        ("PackRight", "Boxwell", "Shipkit", "Sealtech", "CargoPlus", "Wrapco", "Parcelo", "Cratewise"),
        {
            "Boxes": Range(("Shipping Box", "Mailer Box", "Moving Box", "Gift Box", "Storage Box"),
                           ("Kraft", "Double-Wall", "Corrugated", "White"),
                           ("6x4x4 in", "12x9x6 in", "18x18x18 in", "Bundle of 25", "Bundle of 50", "Pack of 10")),
            "Protective": Range(("Bubble Wrap", "Packing Peanuts", "Foam Sheets", "Air Pillows", "Kraft Paper"),
                                ("Perforated", "Anti-Static", "Biodegradable", "Cushioning"),
                                ("Roll 12 in x 50 ft", "Roll 24 in x 100 ft", "Bag 14 cu ft", "Pack of 100",
                                 "Box of 500", "Sheet 12 x 12 in")),
            "Tape & Labels": Range(("Packing Tape", "Shipping Labels", "Fragile Labels", "Tape Gun",
                                    "Masking Tape"),
                                   ("Clear", "Printed", "Tamper-Evident", "Self-Adhesive"),
                                   ("2 in x 110 yd", "Pack of 6", "Roll of 500", "4 x 6 in", "Case of 36",
                                    "Single")),
            "Mailers": Range(("Poly Mailers", "Padded Envelopes", "Stretch Film", "Document Sleeves"),
                             ("Self-Seal", "Padded", "Tear-Resistant", "Water-Resistant"),
                             ("A5", "C4", "10 x 13 in", "Pack of 50", "Pack of 100", "18 in x 1500 ft")),
        },
        ("packaging", "shipping", "e-commerce", "recyclable", "bulk"),
        ("keep-dry",),
    ),
    CategorySpec(
        "Food & Beverage", "FNB", "Coffee, tea, snacks, beverages and pantry staples.",
        "units", 3.5, 0.6, "retail", 350, 0.20,
        ("Organic", "Classic", "Natural", "Premium", "Family", "Original", "Select", "Signature"),
        ("Harvest Lane", "Bellamonte", "GreenFork", "Morning Peak", "Sunvale", "Casa Oliva", "Nutmeg & Co",
         "Prairie Gold"),
        {
            "Coffee & Tea": Range(("Ground Coffee", "Coffee Beans", "Green Tea", "Herbal Tea", "Instant Coffee"),
                                  ("Fair-Trade", "Single-Origin", "Smooth", "Aromatic"),
                                  ("250 g", "500 g", "1 kg", "Box of 20", "Box of 100", "Jar")),
            "Snacks": Range(("Granola Bars", "Trail Mix", "Protein Bars", "Rice Crackers", "Dark Chocolate"),
                            ("Gluten-Free", "Low-Sugar", "Crunchy", "Honey-Roasted"),
                            ("Single", "Pack of 6", "Pack of 12", "Box of 24", "150 g", "Value Pack")),
            "Beverages": Range(("Sparkling Water", "Orange Juice", "Energy Drink", "Cold Brew", "Coconut Water"),
                               ("Sugar-Free", "Lightly Sweetened", "Refreshing", "Zero"),
                               ("330 ml", "500 ml", "1 L", "Pack of 6", "Case of 12", "Case of 24")),
            "Pantry": Range(("Olive Oil", "Pasta", "Honey", "Peanut Butter", "Rolled Oats"),
                            ("Italian", "Farmhouse", "Gourmet", "Small-Batch"),
                            ("250 g", "500 g", "1 kg", "Jar", "Value Pack", "Twin Pack")),
        },
        ("food", "pantry", "organic", "breakroom", "snacks"),
        ("ambient", "keep-dry"),
        lot_tracked=True,
        shelf_life_days=(90, 540),
    ),
    CategorySpec(
        "Health & Personal Care", "HLT", "First aid, hygiene, vitamins and protective items.",
        "units", 5.0, 0.7, "retail", 15, 0.30,
        ("Daily", "Family", "Essential", "Advanced", "Everyday", "Original", "Clinical", "Plus"),
        ("Vitalis", "CareWell", "Medora", "PureLeaf", "Salvia", "Healix", "Nuvita", "Serenia"),
        {
            "First Aid": Range(("Adhesive Bandages", "Gauze Pads", "First Aid Kit", "Antiseptic Wipes",
                                "Instant Cold Pack"),
                               ("Waterproof", "Sterile", "Flexible", "Travel"),
                               ("Pack of 10", "Pack of 50", "Box of 100", "Assorted Sizes", "50-Piece", "Single")),
            "Hygiene": Range(("Hand Sanitizer", "Liquid Soap", "Toothpaste", "Shampoo", "Deodorant"),
                             ("Sensitive", "Fragrance-Free", "Moisturizing", "Fresh Mint"),
                             ("50 ml", "250 ml", "500 ml", "1 L Refill", "Pump", "Pack of 3")),
            "Wellness": Range(("Vitamin C Tablets", "Multivitamin", "Electrolyte Powder", "Throat Lozenges",
                               "Pain Relief Gel"),
                              ("Fast-Acting", "Chewable", "Extra-Strength", "Sugar-Free"),
                              ("30 Tablets", "60 Tablets", "90 Tablets", "20 Sachets", "100 g", "Pack of 24")),
            "Protection": Range(("Sunscreen", "Face Masks", "Nitrile Gloves", "Insect Repellent"),
                                ("Breathable", "Hypoallergenic", "Powder-Free", "Water-Resistant"),
                                ("Size M", "Size L", "Box of 50", "Box of 100", "100 ml", "200 ml")),
        },
        ("health", "personal-care", "first-aid", "hygiene", "wellness"),
        ("room-temperature",),
        lot_tracked=True,
        shelf_life_days=(240, 1095),
    ),
    CategorySpec(
        "Home & Kitchen", "HOM", "Cookware, kitchen tools, food storage and tableware.",
        "pieces", 9.0, 0.8, "weekend", 330, 0.25,
        ("Modern", "Classic", "Nordic", "Everyday", "Premium", "Essential", "Signature", "Heritage"),
        ("Hearthly", "Cucina Viva", "Nordhaus", "Kitchara", "Oakmere", "Dwello", "Copperleaf", "Maison Lune"),
        {
            "Cookware": Range(("Frying Pan", "Saucepan", "Stock Pot", "Baking Sheet", "Cast Iron Skillet"),
                              ("Non-Stick", "Stainless", "Tri-Ply", "Induction-Ready"),
                              ("20 cm", "24 cm", "28 cm", "2 qt", "8 qt", "with Lid")),
            "Kitchen Tools": Range(("Chef Knife", "Cutting Board", "Measuring Cups", "Silicone Spatula",
                                    "Can Opener"),
                                   ("Bamboo", "Stainless", "Heat-Resistant", "Dishwasher-Safe"),
                                   ("8 in", "Set of 3", "Set of 4", "Large", "Small", "Black")),
            "Storage": Range(("Food Storage Containers", "Glass Jars", "Spice Rack", "Lunch Box", "Bread Bin"),
                             ("Airtight", "Stackable", "Leak-Proof", "BPA-Free"),
                             ("Set of 5", "Set of 10", "1.5 L", "750 ml", "Clear", "Sage Green")),
            "Tableware": Range(("Dinner Plates", "Coffee Mug", "Tumbler", "Cutlery Set", "Serving Bowl"),
                               ("Ceramic", "Stoneware", "Insulated", "Dishwasher-Safe"),
                               ("Set of 4", "Set of 6", "Set of 16", "350 ml", "White", "Charcoal")),
        },
        ("home", "kitchen", "cookware", "gift-idea", "dishwasher-safe"),
        ("fragile",),
    ),
    CategorySpec(
        "Safety Equipment", "SAF", "Personal protective equipment, safety footwear and site safety.",
        "pieces", 11.0, 0.9, "b2b", 200, 0.10,
        ("Professional", "Industrial", "Heavy-Duty", "Lightweight", "Standard", "Premium", "Essential", "Pro"),
        ("SafeGuard", "Vigil", "ShieldPro", "Sentinel", "Armora", "Hazet", "Wardline", "Beacon"),
        {
            "PPE": Range(("Safety Glasses", "Hard Hat", "Work Gloves", "Ear Defenders", "Hi-Vis Vest",
                          "Respirator Mask"),
                         ("Anti-Fog", "Cut-Resistant", "ANSI-Rated", "Vented"),
                         ("Clear", "Yellow", "Orange", "Size L", "Size XL", "Pack of 12")),
            "Footwear": Range(("Safety Boots", "Steel-Toe Shoes", "Overshoes", "Rubber Boots"),
                              ("Waterproof", "Slip-Resistant", "Insulated", "Composite-Toe"),
                              ("Size 8", "Size 9", "Size 10", "Size 11", "Size 12", "Wide Fit")),
            "Site Safety": Range(("Warning Sign", "Safety Cone", "Barrier Tape", "Fire Extinguisher",
                                  "Eye Wash Station"),
                                 ("Reflective", "OSHA-Compliant", "Weatherproof", "Wall-Mounted"),
                                 ("18 in", "28 in", "5 lb", "1000 ft", "Pack of 6", "Single")),
            "Fall Protection": Range(("Safety Harness", "Shock-Absorbing Lanyard", "Anchor Strap",
                                      "Rescue Kit"),
                                     ("Full-Body", "Adjustable", "Twin-Leg", "Quick-Connect"),
                                     ("Universal", "Size M-L", "Size XL", "6 ft", "3 ft", "Kit")),
        },
        ("safety", "ppe", "osha", "workwear", "site"),
    ),
    CategorySpec(
        "Garden", "GAR", "Seeds, garden tools, plant care and outdoor living.",
        "units", 7.0, 0.9, "weekend", 130, 0.70,
        ("Classic", "Premium", "All-Season", "Essential", "Deluxe", "Eco", "Professional", "Everyday"),
        ("Greenfield", "Bloomwell", "Terrava", "Rootstock", "Verdana", "Fernly", "Mossgrove", "Sunpatch"),
        {
            "Plants & Seeds": Range(("Vegetable Seeds", "Flower Bulbs", "Potting Mix", "Lawn Seed", "Herb Kit"),
                                    ("Organic", "Heirloom", "Fast-Growing", "Peat-Free"),
                                    ("Pack of 10", "Pack of 25", "10 L", "40 L", "1 kg", "5 kg")),
            "Tools": Range(("Pruning Shears", "Garden Trowel", "Leaf Rake", "Garden Hose", "Hose Nozzle"),
                           ("Ergonomic", "Expandable", "Stainless", "Kink-Free"),
                           ("25 ft", "50 ft", "100 ft", "8 in", "Green", "Single")),
            "Plant Care": Range(("Plant Food", "Slug Pellets", "Weed Control", "Bark Mulch", "Rose Feed"),
                                ("Slow-Release", "Organic", "Pet-Safe", "Concentrated"),
                                ("1 kg", "2.5 kg", "5 kg", "1 L", "50 L", "Refill")),
            "Outdoor Living": Range(("Planter", "Solar Lights", "Bird Feeder", "Patio Cushion", "Rain Barrel"),
                                    ("Weatherproof", "Terracotta", "Self-Watering", "Solar"),
                                    ("Large", "Small", "Set of 4", "Set of 8", "Green", "Charcoal")),
        },
        ("garden", "outdoor", "seasonal", "lawn", "plants"),
        ("keep-dry",),
    ),
)


@dataclass(frozen=True)
class SupplierSpec:
    company: str
    contact: str
    domain: str
    street: str
    city: str
    state: str
    postal_code: str
    country: str  # ISO 3166-1 alpha-2
    dial_code: str  # E.164 country code
    national_digits: int  # length of the national number
    lead_time: tuple[int, int]  # days, inclusive range
    categories: tuple[str, ...]  # category codes this supplier offers


SUPPLIERS: tuple[SupplierSpec, ...] = (
    SupplierSpec("Northwind Electronics Supply", "Dana Whitfield", "northwind-supply.com",
                 "2150 Bering Dr", "San Jose", "CA", "95131", "US", "1", 10, (3, 7), ("ELE",)),
    SupplierSpec("Pacific Rim Trading Co.", "Li Wei", "pacificrim-trading.cn",
                 "88 Keyuan Rd, Nanshan", "Shenzhen", "Guangdong", "518057", "CN", "86", 11,
                 (24, 30), ("ELE", "HOM")),
    SupplierSpec("Keystone Office Products", "Mark Reilly", "keystoneoffice.com",
                 "400 Market St", "Harrisburg", "PA", "17101", "US", "1", 10, (2, 5), ("OFF", "PKG")),
    SupplierSpec("Brightline Stationery Ltd", "Emma Hughes", "brightline-stationery.co.uk",
                 "12 Trafford Park Rd", "Manchester", "Greater Manchester", "M17 1HG", "GB", "44", 10,
                 (7, 12), ("OFF",)),
    SupplierSpec("Ironclad Tool & Fastener", "Greg Novak", "ironcladtools.com",
                 "7800 Brookpark Rd", "Cleveland", "OH", "44129", "US", "1", 10, (3, 8),
                 ("TLS", "SAF")),
    SupplierSpec("Rheinwerk Industrietechnik GmbH", "Jonas Becker", "rheinwerk-industrie.de",
                 "Industriestrasse 42", "Duesseldorf", "Nordrhein-Westfalen", "40231", "DE", "49", 10,
                 (10, 16), ("TLS", "SAF")),
    SupplierSpec("CleanPro Janitorial Supply", "Tasha Greene", "cleanpro-supply.com",
                 "1650 Fulton Industrial Blvd", "Atlanta", "GA", "30336", "US", "1", 10, (2, 6),
                 ("CLN", "HLT")),
    SupplierSpec("Evergreen Packaging Solutions", "Priya Nair", "evergreenpack.ca",
                 "55 Vulcan St", "Toronto", "ON", "M9W 1L3", "CA", "1", 10, (4, 8), ("PKG", "CLN")),
    SupplierSpec("Harvest Valley Foods", "Carlos Mendoza", "harvestvalleyfoods.com",
                 "3300 S Cherry Ave", "Fresno", "CA", "93706", "US", "1", 10, (2, 5), ("FNB",)),
    SupplierSpec("Mediterraneo Gourmet S.r.l.", "Giulia Rossi", "mediterraneo-gourmet.it",
                 "Via dell'Industria 18", "Bologna", "Emilia-Romagna", "40138", "IT", "39", 10,
                 (14, 21), ("FNB",)),
    SupplierSpec("Sunrise Health Distributors", "Aaron Patel", "sunrisehealthdist.com",
                 "2420 W Buckeye Rd", "Phoenix", "AZ", "85009", "US", "1", 10, (3, 7),
                 ("HLT", "FNB")),
    SupplierSpec("Nordic Home Goods AB", "Sofia Lindqvist", "nordichomegoods.se",
                 "Importgatan 9", "Gothenburg", "Vastra Gotaland", "42246", "SE", "46", 9, (10, 14),
                 ("HOM", "GAR")),
    SupplierSpec("Guardian Safety Wholesale", "Rick Alvarez", "guardiansafety.com",
                 "9100 Clinton Dr", "Houston", "TX", "77029", "US", "1", 10, (3, 6),
                 ("SAF", "TLS", "HLT")),
    SupplierSpec("GreenThumb Garden Supply", "Hannah Brooks", "greenthumbsupply.com",
                 "5200 NE Columbia Blvd", "Portland", "OR", "97218", "US", "1", 10, (3, 9),
                 ("GAR", "HOM")),
    SupplierSpec("Atlas General Wholesale", "Victor Kim", "atlaswholesale.com",
                 "1901 W Pershing Rd", "Chicago", "IL", "60609", "US", "1", 10, (4, 10),
                 ("OFF", "CLN", "PKG", "GAR", "ELE")),
)

# code, name, street, city, state, postal code, share of products living there
WAREHOUSES = (
    ("WH-MAIN", "Main Distribution Center", "1200 Industrial Pkwy", "Columbus", "OH", "43219", 0.55),
    ("WH-EAST", "East Coast Fulfillment", "85 Harbor Logistics Dr", "Edison", "NJ", "08817", 0.25),
    ("WH-WEST", "West Coast Fulfillment", "4400 Commerce Way", "Ontario", "CA", "91761", 0.20),
)

# username, role, first name, last name, job title, department
USERS = (
    ("manager", "manager", "Maria", "Lopez", "Operations Manager", "Operations"),
    ("staff", "staff", "Sam", "Carter", "Warehouse Associate", "Warehouse"),
    ("viewer", "readonly", "Vic", "Chen", "Financial Analyst", "Finance"),
)

BUSINESS_CUSTOMERS = (
    "Maple Street Dental", "Riverside Coworking", "Blue Fern Cafe", "Summit Construction LLC",
    "Harbor View Hotel", "Oak & Iron Fitness", "Lakeside Elementary PTA", "Pinecrest Property Mgmt",
    "Copperline Print Shop", "Westgate Auto Repair", "Bright Minds Daycare", "Cedar Hill Clinic",
    "Northside Bakery", "Granite Peak Outfitters", "Silver Birch Salon", "Keystone Veterinary",
)
INDIVIDUAL_CUSTOMERS = (
    "Olivia Bennett", "Marcus Reed", "Sophie Turner", "Daniel Okafor", "Isabella Moreno",
    "Ethan Brooks", "Chloe Nguyen", "Noah Fischer", "Grace Whitfield", "Liam Castillo",
    "Ava Thompson", "Jacob Kowalski", "Mia Patel", "Lucas Hartman", "Emma Sullivan",
    "Benjamin Cho", "Harper Jensen", "Samuel Adeyemi", "Lily Donovan", "Owen Marsh",
    "Zoe Ramirez", "Henry Lindqvist", "Nora Fitzgerald", "Caleb Young",
)
# State sales tax charged to customers without a resale certificate (tax id); rate as stored
# on a sales order (4 decimals).
STATE_SALES_TAX = {"OH": "0.0575", "NJ": "0.0663", "CA": "0.0725", "PA": "0.0600", "IN": "0.0700"}
CUSTOMER_CITIES = (
    ("Columbus", "OH", "432"), ("Cleveland", "OH", "441"), ("Newark", "NJ", "071"),
    ("Edison", "NJ", "088"), ("Riverside", "CA", "925"), ("Pasadena", "CA", "911"),
    ("Pittsburgh", "PA", "152"), ("Indianapolis", "IN", "462"),
)
STREET_NAMES = ("Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Park Blvd", "Lake Rd",
                "Hillside Ave", "Washington St", "Lincoln Way")

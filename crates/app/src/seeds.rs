//! The four seed communes' plans, built into the program so `serve --demo` works anywhere.

/// (file name, TOML text)
pub const SEED_PLANS: [(&str, &str); 4] = [
    (
        "plans/10210-hong-van.toml",
        include_str!("../../../plans/10210-hong-van.toml"),
    ),
    (
        "plans/31471-long-my.toml",
        include_str!("../../../plans/31471-long-my.toml"),
    ),
    (
        "plans/19363-vinh-linh.toml",
        include_str!("../../../plans/19363-vinh-linh.toml"),
    ),
    (
        "plans/30406-phu-tan.toml",
        include_str!("../../../plans/30406-phu-tan.toml"),
    ),
];

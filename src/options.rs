//! The enumerated values of the content format: keys, Thai labels (first label is displayed).

use crate::values::Opt;

/// Plot models.
pub(crate) static MODELS: &[Opt] = &[
    Opt {
        key: "HLM",
        labels: &["ครัวเรือนต้นแบบ", "พื้นที่ครัวเรือนต้นแบบ", "Household Lab Model"],
    },
    Opt {
        key: "CLM",
        labels: &["พื้นที่เรียนรู้ชุมชนต้นแบบ", "Community Lab Model"],
    },
];

/// Programmes that funded a plot (form item 1).
pub(crate) static PROGRAMMES: &[Opt] = &[
    Opt {
        key: "change-leaders-2563",
        labels: &["ผู้นำการเปลี่ยนแปลง 2563", "โครงการเสริมสร้างและพัฒนาผู้นำการเปลี่ยนแปลง ปี 2563"],
    },
    Opt {
        key: "covid-loan",
        labels: &["เงินกู้โควิด-19", "โครงการภายใต้งบประมาณเงินกู้โควิด-19 เพื่อฟื้นฟูเศรษฐกิจฐานราก"],
    },
    Opt {
        key: "village-2564",
        labels: &["หมู่บ้านเศรษฐกิจพอเพียง 2564"],
    },
    Opt {
        key: "village-2565",
        labels: &["หมู่บ้านเศรษฐกิจพอเพียง 2565"],
    },
    Opt {
        key: "village-2566",
        labels: &["หมู่บ้านเศรษฐกิจพอเพียง 2566"],
    },
];

/// Readiness ratings after assessment.
pub(crate) static RATINGS: &[Opt] = &[
    Opt {
        key: "A",
        labels: &["ต้นแบบศูนย์เรียนรู้"],
    },
    Opt {
        key: "B",
        labels: &["เสริมสร้างสู่ต้นแบบ"],
    },
    Opt {
        key: "C",
        labels: &["ปรับตัวสู่การพัฒนา"],
    },
];

/// Physical parts of a plot.
pub(crate) static PARTS: &[Opt] = &[
    Opt {
        key: "khok",
        labels: &["โคก"],
    },
    Opt {
        key: "nong",
        labels: &["หนอง"],
    },
    Opt {
        key: "na",
        labels: &["นา"],
    },
    Opt {
        key: "khlong-sai-kai",
        labels: &["คลองไส้ไก่"],
    },
    Opt {
        key: "khan-na-thong-kham",
        labels: &["คันนาทองคำ"],
    },
];

/// Kinds of activity.
pub(crate) static ACTIVITY_KINDS: &[Opt] = &[
    Opt {
        key: "ao-mue",
        labels: &["เอามื้อสามัคคี"],
    },
    Opt {
        key: "learning-station",
        labels: &["ฐานการเรียนรู้"],
    },
    Opt {
        key: "study-visit",
        labels: &["ศึกษาดูงาน"],
    },
    Opt {
        key: "training",
        labels: &["อบรม"],
    },
    Opt {
        key: "meeting",
        labels: &["ประชุม"],
    },
    Opt {
        key: "exhibition",
        labels: &["นิทรรศการ"],
    },
    Opt {
        key: "market",
        labels: &["ตลาดนัด"],
    },
    Opt {
        key: "other",
        labels: &["อื่นๆ", "อื่น ๆ"],
    },
];

/// The five development strategies.
pub(crate) static STRATEGIES: &[Opt] = &[
    Opt {
        key: "place",
        labels: &["การพัฒนาพื้นที่ต้นแบบ", "Place"],
    },
    Opt {
        key: "people",
        labels: &["การพัฒนากลไกและเครือข่าย", "People"],
    },
    Opt {
        key: "product",
        labels: &["การพัฒนาผลผลิตและผลิตภัณฑ์", "Product"],
    },
    Opt {
        key: "promotion",
        labels: &["การส่งเสริมการตลาด", "Promotion"],
    },
    Opt {
        key: "pass-on",
        labels: &["ขยายผลและเผยแพร่", "Pass on", "Pass on Perfect"],
    },
];

/// Product categories.
pub(crate) static PRODUCT_CATEGORIES: &[Opt] = &[
    Opt {
        key: "fresh",
        labels: &["ผลผลิตสด"],
    },
    Opt {
        key: "processed",
        labels: &["ผลิตภัณฑ์แปรรูป"],
    },
    Opt {
        key: "otop",
        labels: &["OTOP"],
    },
];

/// Market levels.
pub(crate) static MARKET_LEVELS: &[Opt] = &[
    Opt {
        key: "community",
        labels: &["ชุมชน", "ระดับชุมชน"],
    },
    Opt {
        key: "province",
        labels: &["จังหวัด", "ระดับจังหวัด"],
    },
    Opt {
        key: "nation",
        labels: &["ประเทศ", "ระดับประเทศ"],
    },
];

/// Kinds of market (from the letter's list).
pub(crate) static MARKET_KINDS: &[Opt] = &[
    Opt {
        key: "community-fair",
        labels: &["ตลาดนัดชุมชน"],
    },
    Opt {
        key: "phum-phuang",
        labels: &["รถพุ่มพวง"],
    },
    Opt {
        key: "in-plot",
        labels: &["ตลาดในแปลง"],
    },
    Opt {
        key: "community-shop",
        labels: &["ร้านค้าชุมชน"],
    },
    Opt {
        key: "line-group",
        labels: &["กลุ่มไลน์", "กลุ่มไลน์ขายของชุมชน"],
    },
    Opt {
        key: "community-rider",
        labels: &["ไรเดอร์ชุมชน"],
    },
    Opt {
        key: "tourism",
        labels: &["ตลาดเชื่อมโยงการท่องเที่ยว"],
    },
    Opt {
        key: "otop-trader",
        labels: &["OTOP Trader"],
    },
    Opt {
        key: "pracharat",
        labels: &["ประชารัฐรักสามัคคี"],
    },
    Opt {
        key: "wholesale",
        labels: &["ตลาดขายส่ง"],
    },
    Opt {
        key: "talad-4r",
        labels: &["ตลาด ๔ ร", "ตลาด 4 ร"],
    },
    Opt {
        key: "online",
        labels: &["ออนไลน์"],
    },
    Opt {
        key: "earth-safe",
        labels: &["Earth Safe"],
    },
    Opt {
        key: "e-commerce",
        labels: &["อีคอมเมิร์ซ"],
    },
    Opt {
        key: "other",
        labels: &["อื่นๆ", "อื่น ๆ"],
    },
];

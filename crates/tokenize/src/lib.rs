//! copydesk stage crate: tokens and sentences with exact offsets for news English (being written).

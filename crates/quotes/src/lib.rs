//! copydesk stage crate: direct, partial and reported speech with resolved speakers (being written).

//! copydesk stage crate: named-entity tagging (PER, ORG, LOC, MISC) with in-document name linking (being written).

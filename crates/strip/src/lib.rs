//! copydesk stage crate: boilerplate stripping: the article body and its metadata out of a copied news page (being written).

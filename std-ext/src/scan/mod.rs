//! Scanning files and trees for Gcore Authorization headers, tokens and token variables.

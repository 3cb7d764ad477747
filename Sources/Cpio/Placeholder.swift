// Cpio: see docs/architecture.md

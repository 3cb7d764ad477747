// BootMenu: see docs/architecture.md

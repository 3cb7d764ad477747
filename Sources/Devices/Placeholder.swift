// Devices: see docs/architecture.md

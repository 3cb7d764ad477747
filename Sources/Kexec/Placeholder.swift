// Kexec: see docs/architecture.md

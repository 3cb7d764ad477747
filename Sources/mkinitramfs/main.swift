print("mkinitramfs: not built yet")

"""Writers that turn results into files people and other tools read (JSON, CSV, Excel)."""

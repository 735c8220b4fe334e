"""Load and micro benchmarks: make bench, make bench-micro, make bench-profile."""

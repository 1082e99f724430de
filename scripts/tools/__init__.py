"""Tooling: the headless-Chromium helper, screenshots, benchmarks."""

"""The Streamlit explorer: one page per use, layout only; ``graph/`` does the work."""

"""The HTTP API (FastAPI) and the chat widget's static files."""

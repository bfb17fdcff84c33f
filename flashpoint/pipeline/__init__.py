"""The end-to-end coding pipeline (above nlp, coding and resolve; below store and the shells)."""
from flashpoint.pipeline.runner import Pipeline, code_text, default_pipeline

__all__ = ["Pipeline", "code_text", "default_pipeline"]

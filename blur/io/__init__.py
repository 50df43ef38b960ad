"""Video input and output with PyAV: probing, decoding, encoding, atomic files."""

from .atomic import atomic_output
from .reader import VideoInfo, VideoReader, probe
from .writer import VideoWriter

__all__ = ["VideoInfo", "VideoReader", "VideoWriter", "atomic_output", "probe"]

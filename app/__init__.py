"""Field Inspector (卫监外勤): the desktop client for health-supervision field inspections."""

__version__ = "0.1.0"

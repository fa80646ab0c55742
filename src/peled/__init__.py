"""peled: perovskite LED research and display engineering.

The package follows the physical chain of the five seed reviews
(material -> film -> emitter -> device -> pixel -> display); see ``DESIGN.md``.
"""

__version__ = "0.1.0"

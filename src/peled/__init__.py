"""peled: perovskite LED research and display engineering.

The package follows the physical chain of a perovskite LED display
(material -> film -> emitter -> device -> pixel -> display); ``ARCHITECTURE.md`` in the
repository shows the layers and what each package owns.
"""

__version__ = "0.1.0"

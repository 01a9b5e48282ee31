"""docgen: documents of the mentorship target model (ЦМН) from one registry workbook.

The public API lives in :mod:`docgen.api`; errors in :mod:`docgen.errors`.
"""

__version__ = "0.1.0"

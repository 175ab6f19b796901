"""A criteria set in an Excel workbook: the layout, the reader and the writer."""

from parindex.frameworks.xlsx.reader import read_xlsx
from parindex.frameworks.xlsx.writer import write_xlsx

__all__ = ["read_xlsx", "write_xlsx"]

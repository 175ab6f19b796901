"""parindex: the administrative-reform index (Chỉ số CCHC) of a People's Committee."""

__version__ = "0.1.0"

"""What every printed document shares: the typeface, the A4 page, parties, dates in words.

Certificates, contracts and invoices all render here-defined pieces, so none of those
features has to load another to print a page.
"""

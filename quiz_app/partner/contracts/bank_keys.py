"""Control keys of Russian bank account numbers, by the Bank of Russia's algorithm.

The algorithm ("Порядок расчета контрольного ключа в номере лицевого счета", Bank of Russia,
8 September 1997, No. 515, kept in force by Regulation 385-П and 809-П): a 23-digit conditional
number is formed from three digits taken from the BIK followed by the 20-digit account; each digit
is multiplied by the weights 7, 1, 3, 7, 1, 3, …; the account is keyed correctly when the sum of
the products' last digits ends in 0.

- An account in a credit institution uses the BIK's last three digits (the institution's number).
- An account in a Bank of Russia unit (a BIK ending in 000, 001 or 002), and every correspondent
  account, uses "0" followed by the BIK's fifth and sixth digits (the unit's number).

python-stdnum has no module for these keys, hence this one.
"""

from __future__ import annotations

WEIGHTS = (7, 1, 3) * 7 + (7, 1)  # 23 weights
BANK_OF_RUSSIA_UNITS = frozenset({"000", "001", "002"})


def _keyed(prefix: str, account: str) -> bool:
    digits = prefix + account
    return sum(int(d) * w % 10 for d, w in zip(digits, WEIGHTS, strict=True)) % 10 == 0


def is_bank_of_russia_unit(bik: str) -> bool:
    return bik[-3:] in BANK_OF_RUSSIA_UNITS


def settlement_account_key_ok(account: str, bik: str) -> bool:
    """A settlement (client) account is keyed correctly against the BIK of its bank."""
    prefix = "0" + bik[4:6] if is_bank_of_russia_unit(bik) else bik[-3:]
    return _keyed(prefix, account)


def correspondent_account_key_ok(account: str, bik: str) -> bool:
    """A correspondent account is keyed against "0" + the BIK's fifth and sixth digits."""
    return _keyed("0" + bik[4:6], account)

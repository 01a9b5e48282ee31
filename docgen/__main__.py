from .adapters.cli import script

script()

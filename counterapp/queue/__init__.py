"""The walk-in queue: settings, tables, operations (local or on the site server), measures."""

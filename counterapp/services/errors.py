"""Errors the service layer raises for people: ``str()`` is the message to show."""


class ServiceError(Exception):
    """A request the counter refuses, with a message for the associate."""


class NotPermitted(ServiceError):
    """The signed-in person may not do this."""

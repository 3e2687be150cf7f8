"""Errors the service layer raises for people: a message id (the English template)
and named values (counterapp.i18n.MessageError); ``str()`` is the English sentence."""

from counterapp.i18n import MessageError


class ServiceError(MessageError):
    """A request the counter refuses, with a message for the associate."""


class NotPermitted(ServiceError):
    """The signed-in person may not do this."""

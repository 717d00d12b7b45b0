"""The default templates: event -> language -> (subject, body). Administrators override them
per event and language (``notification_templates``); the subject always gets the ticket hook
``[Ticket#<number>]`` in front, so replies thread whatever a template says."""

from __future__ import annotations

from typing import Final

DEFAULT_TEMPLATES: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "ticket.opened": {
        "en": ("New ticket: {ticket_title}",
               "Ticket {ticket_number} was opened by {actor}.\nStatus: {ticket_status}\n"
               "Priority: {ticket_priority}\nHelp desk: {helpdesk}"),
        "es": ("Nuevo ticket: {ticket_title}",
               "{actor} abrió el ticket {ticket_number}.\nEstado: {ticket_status}\n"
               "Prioridad: {ticket_priority}\nMesa de ayuda: {helpdesk}"),
        "de": ("Neues Ticket: {ticket_title}",
               "Ticket {ticket_number} wurde von {actor} eröffnet.\nStatus: {ticket_status}\n"
               "Priorität: {ticket_priority}\nQueue: {helpdesk}"),
    },
    "article.posted": {
        "en": ("Reply: {ticket_title}",
               "{actor} wrote on ticket {ticket_number}:\n{article_subject}\n\n{article_body}"),
        "es": ("Respuesta: {ticket_title}",
               "{actor} escribió en el ticket {ticket_number}:\n{article_subject}\n\n"
               "{article_body}"),
        "de": ("Antwort: {ticket_title}",
               "{actor} schrieb zu Ticket {ticket_number}:\n{article_subject}\n\n{article_body}"),
    },
    "ticket.status_moved": {
        "en": ("Status changed: {ticket_title}",
               "Ticket {ticket_number} moved from {old_status} to {new_status}."),
        "es": ("Cambio de estado: {ticket_title}",
               "El ticket {ticket_number} pasó de {old_status} a {new_status}."),
        "de": ("Status geändert: {ticket_title}",
               "Ticket {ticket_number} wechselte von {old_status} zu {new_status}."),
    },
    "ticket.assigned": {
        "en": ("Assigned: {ticket_title}",
               "Ticket {ticket_number} is now with {owner} ({helpdesk})."),
        "es": ("Asignado: {ticket_title}",
               "El ticket {ticket_number} está ahora asignado a {owner} ({helpdesk})."),
        "de": ("Zugewiesen: {ticket_title}",
               "Ticket {ticket_number} liegt jetzt bei {owner} ({helpdesk})."),
    },
    "sla.warning": {
        "en": ("SLA warning: {ticket_title}",
               "Ticket {ticket_number}: the {sla_target} target is due at {due_at} (UTC)."),
        "es": ("Aviso de SLA: {ticket_title}",
               "Ticket {ticket_number}: el objetivo {sla_target} vence el {due_at} (UTC)."),
        "de": ("SLA-Warnung: {ticket_title}",
               "Ticket {ticket_number}: das Ziel {sla_target} ist fällig um {due_at} (UTC)."),
    },
    "sla.breached": {
        "en": ("SLA breached: {ticket_title}",
               "Ticket {ticket_number}: the {sla_target} target was due at {due_at} (UTC)."),
        "es": ("SLA incumplido: {ticket_title}",
               "Ticket {ticket_number}: el objetivo {sla_target} venció el {due_at} (UTC)."),
        "de": ("SLA verletzt: {ticket_title}",
               "Ticket {ticket_number}: das Ziel {sla_target} war fällig um {due_at} (UTC)."),
    },
    "approval.requested": {
        "en": ("Approval requested: {ticket_title}",
               "{actor} asks for your approval ({approval_kind}) on ticket {ticket_number}."),
        "es": ("Aprobación solicitada: {ticket_title}",
               "{actor} solicita su aprobación ({approval_kind}) en el ticket {ticket_number}."),
        "de": ("Genehmigung angefragt: {ticket_title}",
               "{actor} bittet um Ihre Genehmigung ({approval_kind}) für Ticket "
               "{ticket_number}."),
    },
    "solution.proposed": {
        "en": ("Solution proposed: {ticket_title}",
               "A solution was proposed for ticket {ticket_number}:\n\n{article_body}\n\n"
               "Please accept or reject it."),
        "es": ("Solución propuesta: {ticket_title}",
               "Se propuso una solución para el ticket {ticket_number}:\n\n{article_body}\n\n"
               "Acéptela o recházela, por favor."),
        "de": ("Lösung vorgeschlagen: {ticket_title}",
               "Für Ticket {ticket_number} wurde eine Lösung vorgeschlagen:\n\n{article_body}"
               "\n\nBitte nehmen Sie sie an oder lehnen Sie sie ab."),
    },
    "pending.reminder_due": {
        "en": ("Reminder: {ticket_title}",
               "Ticket {ticket_number} reached its pending time ({pending_until} UTC)."),
        "es": ("Recordatorio: {ticket_title}",
               "El ticket {ticket_number} alcanzó su tiempo pendiente ({pending_until} UTC)."),
        "de": ("Erinnerung: {ticket_title}",
               "Ticket {ticket_number} hat seine Wartezeit erreicht ({pending_until} UTC)."),
    },
}  # fmt: skip

"""Static material for the demo: organisation, people, ticket and comment templates. Pure data.

Catalog names (statuses, types, categories, sources, ...) are the fresh-install names from
``polydesk.catalogs.defaults``; the loader looks each up once and fails clearly if an admin
renamed one. Domains end in ``.example`` (reserved, never routable).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class DeskSpec:
    name: str
    description: str
    email: str
    levels: tuple[str, ...]
    group: str  # the group that works the desk's tickets


@dataclass(frozen=True, slots=True)
class AgentSpec:
    login: str
    first_name: str
    last_name: str
    desks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TicketTemplate:
    title: str
    description: str
    type: str
    category: str  # a category path
    tags: tuple[str, ...]


DEMO_AGENT: Final = "agent"
DEMO_CUSTOMER: Final = "customer"

GROUPS: Final[tuple[tuple[str, str], ...]] = (
    ("Service Desk", "First-line IT support."),
    ("Infrastructure", "Network, servers and devices; second-line IT."),
    ("Workplace", "Offices, rooms, furniture and badges."),
    ("Back Office", "Payroll, people topics, invoices and payments."),
)

DESKS: Final[tuple[DeskSpec, ...]] = (
    DeskSpec("IT Support", "Computers, accounts, software and network.", "it@polydesk.example",
             ("Level 1", "Level 2", "Level 3"), "Service Desk"),
    DeskSpec("Facilities", "Buildings, rooms, furniture and access badges.",
             "facilities@polydesk.example", ("Level 1", "Level 2"), "Workplace"),
    DeskSpec("HR", "Payroll, leave, onboarding and offboarding.", "hr@polydesk.example",
             ("Level 1", "Level 2"), "Back Office"),
    DeskSpec("Billing", "Invoices, payments, plans and refunds.", "billing@polydesk.example",
             ("Level 1", "Level 2"), "Back Office"),
)  # fmt: skip

#: Second-line group a desk escalates to (level 2 and up).
ESCALATION_GROUP: Final[dict[str, str]] = {"IT Support": "Infrastructure"}

AGENTS: Final[tuple[AgentSpec, ...]] = (
    AgentSpec(DEMO_AGENT, "Alex", "Morgan", ("IT Support", "Facilities")),
    AgentSpec("maria.garcia", "Maria", "Garcia", ("IT Support",)),
    AgentSpec("tom.becker", "Tom", "Becker", ("IT Support",)),
    AgentSpec("aisha.khan", "Aisha", "Khan", ("IT Support", "Billing")),
    AgentSpec("lucas.martin", "Lucas", "Martin", ("Facilities",)),
    AgentSpec("nora.olsen", "Nora", "Olsen", ("Facilities", "HR")),
    AgentSpec("daniel.kim", "Daniel", "Kim", ("HR",)),
    AgentSpec("sofia.rossi", "Sofia", "Rossi", ("HR", "Billing")),
    AgentSpec("ben.walker", "Ben", "Walker", ("Billing",)),
    AgentSpec("emma.dubois", "Emma", "Dubois", ("Billing", "IT Support")),
)

#: (name, e-mail domain, country)
COMPANIES: Final[tuple[tuple[str, str, str], ...]] = (
    ("Northwind Traders", "northwind.example", "United States"),
    ("Contoso Ltd", "contoso.example", "United Kingdom"),
    ("Fabrikam Inc", "fabrikam.example", "Canada"),
    ("Tailspin Toys", "tailspin.example", "Ireland"),
    ("Adventure Works", "adventure-works.example", "Australia"),
    ("Wide World Importers", "wideworld.example", "Netherlands"),
    ("Litware Inc", "litware.example", "Germany"),
    ("Proseware", "proseware.example", "Sweden"),
)

CUSTOMER_COUNT: Final = 40
FIRST_NAMES: Final = (
    "Olivia", "Liam", "Ava", "Noah", "Mia", "Ethan", "Chloe", "Lucas", "Zoe", "Mason",
    "Grace", "Leo", "Hannah", "Oscar", "Ella", "Jack", "Ines", "Ravi", "Lena", "Omar",
)  # fmt: skip
LAST_NAMES: Final = (
    "Smith", "Jones", "Brown", "Miller", "Wilson", "Taylor", "Anderson", "Thomas", "Moore",
    "Clark", "Lewis", "Young", "Hall", "Allen", "Wright", "Scott", "Green", "Baker", "Adams",
    "Nelson",
)  # fmt: skip

#: Values for the ``{placeholders}`` in ticket templates.
FILLERS: Final[dict[str, tuple[str, ...]]] = {
    "app": ("Outlook", "Teams", "SAP", "Salesforce", "Jira", "Zoom", "Excel", "the intranet"),
    "share": ("Finance", "Marketing", "Projects", "Legal", "Sales"),
    "person": ("Sam Patel", "Julia Novak", "Marco Bianchi", "Keiko Tanaka", "Luis Ortega"),
    "room": ("meeting room Atlas", "the board room", "room 2.14", "the training room"),
    "floor": ("1", "2", "3", "4", "5"),
    "desk": ("D-112", "D-214", "D-305", "D-418"),
    "month": ("January", "February", "March", "April", "May", "June", "July", "August"),
    "invoice": ("INV-20417", "INV-20588", "INV-20731", "INV-20902", "INV-21066"),
}

_INC, _SR, _Q, _CH = "Incident", "Service request", "Question", "Change"
_HW, _SW, _ACCESS, _EQUIP = (
    "Incident/Hardware", "Incident/Software",
    "Service Request/Access request", "Service Request/New equipment",
)  # fmt: skip
_OTHER, _REQ, _INCIDENT = "Other", "Service Request", "Incident"

TEMPLATES: Final[dict[str, tuple[TicketTemplate, ...]]] = {
    "IT Support": (
        TicketTemplate("Cannot log in to {app}", "Since this morning {app} says my credentials "
                       "are invalid, although the same password works everywhere else.",
                       _INC, _SW, ("login",)),
        TicketTemplate("{app} crashes on startup", "{app} closes right after the splash screen. "
                       "I already restarted the laptop twice.", _INC, _SW, ("crash",)),
        TicketTemplate("Laptop does not charge", "The charging light stays off with two "
                       "different chargers. Battery is at 12%.", _INC, _HW, ("laptop", "hardware")),
        TicketTemplate("Access to the {share} share", "I joined the {share} team and need "
                       "read-write access to their network share.", _SR, _ACCESS, ("access",)),
        TicketTemplate("Second monitor for {person}", "{person} starts next week and needs a "
                       "second monitor at the desk.", _SR, _EQUIP, ("equipment",)),
        TicketTemplate("VPN drops every few minutes", "Working from home, the VPN disconnects "
                       "every five to ten minutes and {app} loses the connection.",
                       _INC, _SW, ("vpn", "network")),
        TicketTemplate("Printer on floor {floor} jams", "The printer near the kitchen on floor "
                       "{floor} reports a paper jam, but there is no paper stuck.",
                       _INC, _HW, ("printer",)),
        TicketTemplate("Password reset for {app}", "I locked myself out of {app} after too many "
                       "attempts. Please reset my password.", _SR, _ACCESS, ("password",)),
        TicketTemplate("Wi-Fi very slow in {room}", "Video calls in {room} freeze all the time; "
                       "speed tests show under 1 Mbit/s.", _INC, _HW, ("network", "wifi")),
        TicketTemplate("How do I share my calendar in {app}?", "I would like my team to see my "
                       "calendar. Where is that setting?", _Q, _OTHER, ("how-to",)),
        TicketTemplate("Suspicious e-mail received", "I got an e-mail asking me to confirm my "
                       "password on an unknown site. I did not click the link.",
                       _INC, _OTHER, ("security", "phishing")),
    ),
    "Facilities": (
        TicketTemplate("Air conditioning not working in {room}", "It is over 28 degrees in "
                       "{room} and the AC panel shows an error.", _INC, _INCIDENT, ("hvac",)),
        TicketTemplate("Broken chair at desk {desk}", "The height adjustment of the chair at "
                       "desk {desk} no longer holds.", _INC, _INCIDENT, ("furniture",)),
        TicketTemplate("Book {room} for the quarterly review", "Please reserve {room} for a full "
                       "day with catering for 12 people.", _SR, _REQ, ("booking",)),
        TicketTemplate("Light flickering on floor {floor}", "Two ceiling lights near the stairs "
                       "on floor {floor} flicker constantly.", _INC, _INCIDENT, ("electrical",)),
        TicketTemplate("Coffee machine is leaking", "The coffee machine in the kitchen on floor "
                       "{floor} leaks water onto the floor.", _INC, _INCIDENT, ("kitchen",)),
        TicketTemplate("Access badge stopped working", "My badge no longer opens the main "
                       "entrance since yesterday.", _INC, _ACCESS, ("badge", "access")),
        TicketTemplate("Parking space for {person}", "{person} joins us next month and needs a "
                       "parking space.", _SR, _REQ, ("parking",)),
        TicketTemplate("Move desk {desk} for a new starter", "Please move desk {desk} next to "
                       "the window area on floor {floor}.", _CH, _REQ, ("move",)),
    ),
    "HR": (
        TicketTemplate("Update bank details for payroll", "I changed banks. Please use the new "
                       "account from next month's salary on.", _SR, _REQ, ("payroll",)),
        TicketTemplate("Question about holiday allowance", "How many days of leave can I carry "
                       "over into next year?", _Q, _OTHER, ("leave",)),
        TicketTemplate("Onboarding checklist for {person}", "{person} starts on Monday. Please "
                       "prepare the contract and the onboarding plan.", _SR, _REQ,
                       ("onboarding",)),
        TicketTemplate("Employment certificate needed", "For my flat application I need a "
                       "certificate of employment.", _SR, _REQ, ("documents",)),
        TicketTemplate("How to apply for parental leave", "Which form do I use and how far in "
                       "advance do I have to apply?", _Q, _OTHER, ("leave",)),
        TicketTemplate("Expense claim for {month} not reimbursed", "My travel expenses from "
                       "{month} are approved but were not paid.", _INC, _INCIDENT,
                       ("expenses",)),
        TicketTemplate("Offboarding for {person}", "{person} leaves at the end of the month. "
                       "Please start the offboarding.", _SR, _REQ, ("offboarding",)),
    ),
    "Billing": (
        TicketTemplate("Invoice {invoice} shows the wrong amount", "Invoice {invoice} charges "
                       "45 seats but our contract has 40.", _INC, _INCIDENT, ("invoice",)),
        TicketTemplate("Copy of invoice {invoice}", "Our accounting lost invoice {invoice}. "
                       "Could you send a copy?", _SR, _REQ, ("invoice",)),
        TicketTemplate("Change our billing address", "We moved offices; please update the "
                       "billing address on our account.", _SR, _REQ, ("account",)),
        TicketTemplate("Charged twice in {month}", "Our credit card was charged twice for "
                       "{month}. Please refund one payment.", _INC, _INCIDENT,
                       ("payment", "refund")),
        TicketTemplate("VAT missing on invoice {invoice}", "Invoice {invoice} has no VAT number; "
                       "we need a corrected invoice.", _Q, _OTHER, ("vat",)),
        TicketTemplate("Upgrade our plan to 50 seats", "We are growing and need 10 more seats "
                       "from next month.", _CH, _REQ, ("plan",)),
        TicketTemplate("Payment reminder although we paid", "We received a reminder for "
                       "{invoice}, but paid it on time.", _INC, _INCIDENT, ("payment",)),
    ),
}  # fmt: skip

EXTRA_TAGS: Final = ("vip", "remote", "follow-up", "recurring")

AGENT_REPLIES: Final = (
    "Hi {first}, thanks for reporting this. I am looking into it now.",
    "Hi {first}, could you send a screenshot of what you see? That helps a lot.",
    "Thanks {first}. I could reproduce it and am working on it.",
    "Hi {first}, since when does this happen, and are colleagues affected too?",
)
AGENT_QUESTIONS: Final = (
    "Hi {first}, before I continue: could you confirm a time that suits you for a short call?",
    "Hi {first}, I need your manager's approval for this. Could you ask them to reply here?",
    "Hi {first}, could you try again and tell me whether the problem is still there?",
)
CUSTOMER_REPLIES: Final = (
    "Thanks, here is the information you asked for.",
    "It started on Monday; two colleagues see the same thing.",
    "Any update on this? It is slowing down my work.",
    "Yes, that is correct. Tomorrow morning works for me.",
)
INTERNAL_NOTES: Final = (
    "Checked the logs: nothing unusual on our side so far.",
    "Same issue as last month; see the knowledge base article.",
    "Needs admin rights, escalating to the next level.",
    "Asked the vendor; case opened with their support.",
    "Customer is a key account, please keep them updated daily.",
)
SOLUTIONS: Final = (
    "This is fixed now. Please let us know if it happens again.",
    "I have applied the change; it takes effect immediately.",
    "Done. You will find the details in the confirmation e-mail.",
    "The cause was a configuration error, which I corrected. Please try again.",
)
CUSTOMER_THANKS: Final = (
    "Works again, thank you!",
    "Confirmed, all good now. Thanks for the quick help.",
    "Perfect, thanks a lot.",
)
CUSTOMER_REOPENS: Final = (
    "Unfortunately the problem is back since this morning.",
    "It worked for a day, now it fails again.",
)
CUSTOMER_CANCELS: Final = (
    "Please cancel this, a colleague already sorted it out.",
    "Sorry, this is a duplicate of my other ticket.",
)
WORK_DESCRIPTIONS: Final = (
    "Investigation", "Remote session with the user", "Configuration change", "On-site visit",
    "Follow-up call",
)  # fmt: skip

# Catalog rows the stories use (fresh-install names) and how often.
WAITING: Final = ("Pending", "Waiting for customer")
STATUSES: Final = ("New", "Open", "In progress", *WAITING, "Reopened", "Resolved", "Closed",
                   "Cancelled")  # fmt: skip
PRIORITY_WEIGHTS: Final[dict[str, int]] = {
    "Low": 25,
    "Normal": 50,
    "High": 18,
    "Urgent": 6,
    "Critical": 1,
}
IMPACTS: Final = ("On user", "On department")
URGENCIES: Final = ("Low", "Medium", "High")
PORTAL_SOURCE, EMAIL_SOURCE = "Web", "E-mail"
AGENT_SOURCES: Final = ("Phone", "Chat", "In person", "Microsoft Teams")
CLOSE_REASONS: Final = ("Fixed", "Solution accepted", "Duplicate")

#: Final status weights by ticket age in days: young tickets are open, old ones mostly closed.
TARGETS: Final[tuple[tuple[float, dict[str, int]], ...]] = (
    (0.5, {"New": 6, "Open": 3, "In progress": 1}),
    (5.0, {"New": 2, "Open": 3, "In progress": 3, "Pending": 1, "Waiting for customer": 1,
           "Resolved": 3}),
    (math.inf, {"Open": 1, "In progress": 1, "Pending": 1, "Waiting for customer": 1,
                "Resolved": 2, "Closed": 12, "Cancelled": 1}),
)  # fmt: skip

#: Minutes after the previous step (squeezed when the ticket is too young for the story).
GAPS: Final[dict[str, tuple[float, float]]] = {
    "triage": (5, 240),
    "reply": (10, 600),
    "customer": (30, 1440),
    "note": (5, 300),
    "time": (20, 480),
    "progress": (10, 600),
    "wait": (30, 1440),
    "solve": (60, 4320),
    "thanks": (30, 1440),
    "close": (1440, 7200),
    "reopen": (720, 4320),
    "cancel": (60, 2880),
}

from tests.dialects.znuny.conftest import ROOT, Znuny
import json

def test_explore(znuny: Znuny) -> None:
    r = znuny.request("POST", "/Ticket", body={**ROOT, "Ticket": {"Title": "T", "Queue": "Raw", "State": "new", "Priority": "3 normal", "CustomerUser": "customer1"}, "Article": {"Subject": "S", "Body": "B", "ContentType": "text/plain; charset=utf8", "TimeUnit": "15"}, "Attachment": [{"Content": "SGVsbG8=", "ContentType": "text/plain", "Filename": "a.txt"}]})
    print(r.status_code, r.content)
    r = znuny.request("GET", "/Ticket/1", params={**ROOT, "AllArticles": 1, "Attachments": 1, "DynamicFields": 1})
    print(r.status_code, r.content)
    r = znuny.request("GET", "/TicketHistory/1", params=ROOT)
    print(r.status_code, r.content)

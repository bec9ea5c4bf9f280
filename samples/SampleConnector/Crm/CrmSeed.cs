using System.Text.Json.Nodes;

namespace SampleConnector.Crm;

/// <summary>The records every new process starts with: small, but with a value of each data type and a null or two.</summary>
internal static class CrmSeed
{
    public static void Fill(CrmStore store) => store.Change(editor =>
    {
        Add(editor, CrmSchema.Account, """{"Name":"Acme Tools","Industry":"Manufacturing","Employees":1200,"AnnualRevenue":98000000.5,"IsActive":true,"CustomerSince":"2019-03-14","LastModified":"2024-05-02T09:15:00Z"}""");
        Add(editor, CrmSchema.Account, """{"Name":"Blue Harbor Retail","Industry":"Retail","Employees":310,"AnnualRevenue":12500000,"IsActive":true,"CustomerSince":"2021-11-01","LastModified":"2024-06-20T16:40:00Z"}""");
        Add(editor, CrmSchema.Account, """{"Name":"Cedar Health","Industry":"Healthcare","Employees":45,"AnnualRevenue":3100000.75,"IsActive":false,"CustomerSince":"2017-07-30","LastModified":"2023-12-11T08:00:00Z"}""");
        Add(editor, CrmSchema.Account, """{"Name":"Delta Software","Industry":"Software","Employees":87,"AnnualRevenue":null,"IsActive":true,"CustomerSince":null,"LastModified":"2024-07-01T12:00:00Z"}""");
        Add(editor, CrmSchema.Contact, """{"AccountId":"ACC-0001","FirstName":"Ada","LastName":"Lovelace","Email":"ada@acme.example","BirthDate":"1985-12-10","LastModified":"2024-05-03T10:00:00Z"}""");
        Add(editor, CrmSchema.Contact, """{"AccountId":"ACC-0001","FirstName":"Charles","LastName":"Babbage","Email":"charles@acme.example","BirthDate":"1979-12-26","LastModified":"2024-01-15T14:30:00Z"}""");
        Add(editor, CrmSchema.Contact, """{"AccountId":"ACC-0002","FirstName":"Grace","LastName":"Hopper","Email":"grace@blueharbor.example","BirthDate":null,"LastModified":"2024-06-21T09:05:00Z"}""");
        Add(editor, CrmSchema.Contact, """{"AccountId":"ACC-0004","FirstName":null,"LastName":"Turing","Email":"turing@delta.example","BirthDate":"1990-06-23","LastModified":"2024-07-02T07:45:00Z"}""");
        Add(editor, CrmSchema.Opportunity, """{"AccountId":"ACC-0001","Name":"Acme renewal 2025","Amount":250000.00,"Probability":0.9,"Stage":"Negotiation","CloseDate":"2025-01-31","LastModified":"2024-06-01T11:00:00Z"}""");
        Add(editor, CrmSchema.Opportunity, """{"AccountId":"ACC-0002","Name":"Blue Harbor stores rollout","Amount":82000.50,"Probability":0.35,"Stage":"Prospecting","CloseDate":"2025-03-15","LastModified":"2024-06-25T15:20:00Z"}""");
        Add(editor, CrmSchema.Opportunity, """{"AccountId":"ACC-0003","Name":"Cedar clinic pilot","Amount":15000,"Probability":0,"Stage":"ClosedLost","CloseDate":"2023-11-30","LastModified":"2023-12-01T09:00:00Z"}""");
        return 0;
    });

    private static void Add(CrmStore.Editor editor, CrmEntity entity, string json)
    {
        var record = JsonNode.Parse(json)!.AsObject();
        var ordered = new JsonObject { ["Id"] = editor.NextId(entity) };
        foreach (var (name, value) in record)
        {
            ordered[name] = value?.DeepClone();
        }

        editor.Records(entity).Add(ordered);
    }
}

using System.Text.Json;

namespace AppFlowLocal.Tests.Infrastructure;

internal static class Json
{
    /// <summary>A JSON object of the members that are not null.</summary>
    public static string Object(params (string Name, object? Value)[] members) =>
        JsonSerializer.Serialize(members.Where(m => m.Value is not null).ToDictionary(m => m.Name, m => m.Value));
}

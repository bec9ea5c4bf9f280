namespace AppFlowLocal.Bench;

/// <summary>
/// One kind of operation, repeated under load. <see cref="Step"/> gets the run's HTTP client and the
/// worker's running index, and says whether the operation succeeded.
/// </summary>
internal sealed record Scenario(string Name, Func<HttpClient, long, Task<bool>> Step)
{
    /// <summary>An HTTP request per step; anything but a 2xx answer is a failure.</summary>
    public static Scenario Http(string name, Func<long, HttpRequestMessage> request) => new(name, async (client, index) =>
    {
        using var message = request(index);
        using var response = await client.SendAsync(message);
        await response.Content.LoadIntoBufferAsync();
        if (!response.IsSuccessStatusCode)
        {
            FirstFailure.Report(name, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response.IsSuccessStatusCode;
    });
}

namespace AppFlowLocal.Bench;

internal sealed record ScenarioResult(string Name, int Clients, long Requests, long Failures, double Seconds, double P50Milliseconds, double P99Milliseconds)
{
    public double RequestsPerSecond => Requests / Seconds;
}

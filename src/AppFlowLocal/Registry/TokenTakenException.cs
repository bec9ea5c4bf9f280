namespace AppFlowLocal.Registry;

/// <summary>The store refused a write because another caller committed the same live clientToken first.</summary>
internal sealed class TokenTakenException : Exception
{
    public TokenTakenException()
        : base("The clientToken was committed by another caller first.")
    {
    }
}

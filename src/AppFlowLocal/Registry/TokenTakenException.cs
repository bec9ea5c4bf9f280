namespace AppFlowLocal.Registry;

/// <summary>The store refused a write because this call no longer holds its clientToken (another call took over its expired lease).</summary>
internal sealed class TokenTakenException : Exception
{
    public TokenTakenException()
        : base("The clientToken is no longer held by this call.")
    {
    }
}

namespace AppFlowLocal.Registry;

internal enum TokenState
{
    /// <summary>A call holds the token and is running; its lease says until when it may.</summary>
    Pending,

    /// <summary>The call succeeded; its response replays for the token's lifetime.</summary>
    Done,
}

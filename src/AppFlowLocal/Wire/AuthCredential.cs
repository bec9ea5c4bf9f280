namespace AppFlowLocal.Wire;

/// <summary>
/// One configured caller: the access key a client signs with, its secret (and session token, for
/// temporary credentials), and who the key belongs to. The secret is never written anywhere.
/// </summary>
internal sealed class AuthCredential
{
    public string AccessKeyId { get; set; } = "";

    public string SecretAccessKey { get; set; } = "";

    /// <summary>The 12-digit account every request signed with this key acts in.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The IAM user name in <c>registeredBy</c>: arn:aws:iam::{AccountId}:user/{UserName}.</summary>
    public string UserName { get; set; } = "";

    public string? SessionToken { get; set; }

    /// <summary>Only the key: a credential written into a log or a message must not carry its secret.</summary>
    public override string ToString() => AccessKeyId;
}

namespace AppFlowLocal.Model;

internal sealed class CustomAuthConfig
{
    public string? CustomAuthenticationType { get; init; }

    public List<AuthParameter>? AuthParameters { get; init; }
}

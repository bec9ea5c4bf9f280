namespace AppFlowLocal.Wire;

/// <summary>A signature that verified: the credential that made it and the region its scope names.</summary>
internal sealed record SignatureCheck(AuthCredential Credential, string Region);

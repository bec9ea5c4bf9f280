using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Wire;

/// <summary>Where requests without credentials are taken to come from (section "Identity").</summary>
internal sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The account of callers whose access key id is not a 12-digit account id.</summary>
    [RegularExpression("^[0-9]{12}$", ErrorMessage = "Identity:DefaultAccount must be a 12-digit AWS account id.")]
    public string DefaultAccount { get; set; } = "000000000000";

    /// <summary>The region of requests that carry no SigV4 credential scope.</summary>
    [RegularExpression("^[a-z0-9-]+$", ErrorMessage = "Identity:DefaultRegion must be a region name such as us-east-1.")]
    public string DefaultRegion { get; set; } = "us-east-1";
}

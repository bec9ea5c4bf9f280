using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Wire;

/// <summary>Where requests without credentials are taken to come from (section "Identity"). Error messages follow the quoted value.</summary>
internal sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The account of callers whose access key id is not a 12-digit account id.</summary>
    [RegularExpression("^[0-9]{12}$", ErrorMessage = "is not a 12-digit AWS account id, such as 000000000000")]
    public string DefaultAccount { get; set; } = "000000000000";

    /// <summary>
    /// The region of requests that carry no SigV4 credential scope. The same form a signed request's
    /// region must have (SPEC.md), so the default cannot make ARNs a signed caller could never get.
    /// </summary>
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$", ErrorMessage = "is not an AWS region name, such as us-east-1")]
    public string DefaultRegion { get; set; } = "us-east-1";
}

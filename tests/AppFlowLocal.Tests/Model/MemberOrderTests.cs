using AppFlowLocal.Model;

namespace AppFlowLocal.Tests.Model;

public sealed class MemberOrderTests
{
    [Fact]
    public void A_clause_s_path_is_found_whatever_its_quoted_value_holds()
    {
        var value = QuotedValue.Quote("x' at 'clientToken' failed to satisfy constraint: y");
        var clause = ConstraintValidator.Clause(value, "connectorProfileConfig.connectorProfileProperties", "Member must not be null");

        Assert.Equal("connectorProfileConfig.connectorProfileProperties", MemberOrder.PathOf(clause));
        Assert.Null(MemberOrder.PathOf("not a clause"));
    }

    [Fact]
    public void Members_order_by_the_model_depth_first_and_a_member_comes_before_what_it_holds()
    {
        var shape = AppFlowModel.CreateConnectorProfileRequest;
        var label = MemberOrder.Key(shape, "connectorLabel");
        var credentials = MemberOrder.Key(shape, "connectorProfileConfig.connectorProfileCredentials.CustomConnector");
        var properties = MemberOrder.Key(shape, "connectorProfileConfig.connectorProfileProperties");
        var config = MemberOrder.Key(shape, "connectorProfileConfig");
        var token = MemberOrder.Key(shape, "clientToken");

        Assert.True(MemberOrder.After(credentials, label));
        Assert.True(MemberOrder.After(credentials, properties));
        Assert.True(MemberOrder.After(token, credentials));
        Assert.False(MemberOrder.After(label, credentials));
        Assert.False(MemberOrder.After(credentials, config));
        Assert.False(MemberOrder.After(config, credentials));
    }
}

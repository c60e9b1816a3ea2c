namespace Crm.Web.Infrastructure.Records;

/// <summary>A record handed to an owner, whose team follows the owner's (ARCHITECTURE §4).</summary>
public interface IAssignable : IOwned
{
    void AssignTo(string? ownerId, int? teamId);
}

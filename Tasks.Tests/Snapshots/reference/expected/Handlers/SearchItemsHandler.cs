using System.Threading.Tasks;
using PForge.Runtime.Tools;

namespace Reference.Handlers;

/// <summary>Handles tool 'search_items' declared in pforge.yaml. PForge wrote this stub once; it is yours to edit.</summary>
public partial class SearchItemsHandler
{
    public partial ValueTask<SearchItemsOutput> HandleAsync(SearchItemsInput input, ToolContext context)
    {
        // input holds the checked arguments; context.CancellationToken fires when the client cancels.
        throw new ToolException("Tool 'search_items' is not implemented yet");
    }
}

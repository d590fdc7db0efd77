#Requires -Version 7.2
# What the built cmdlets themselves say of their parameters: types, mandatory, position, pipeline
# input, aliases, wildcards, accepted values and the parameter sets that make the syntax, as
# PowerShell's CmdletInfo (what Get-Command shows) computes them over the built assembly.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Get-TypeInfo([type] $type) {
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { $type = $underlying }
    $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
    $values = if ($element.IsEnum) { [enum]::GetNames($element) } else { @() }
    @{ FullName = $type.FullName; Name = $type.Name; IsSwitch = $type -eq [switch]; Values = @($values) }
}

function Get-CommandMetadata([string] $ManifestPath) {
    <# The metadata of every cmdlet the manifest exports, sorted by name. #>
    # Read without importing the module: the assemblies are read from streams into a load
    # context of their own, so no file stays locked and a second build in the same session
    # never sees the first build's types.
    $moduleBase = Split-Path $ManifestPath
    $manifest = Import-PowerShellDataFile $ManifestPath
    $context = [System.Runtime.Loader.AssemblyLoadContext]::new('AccessToken help build', $true)
    $load = {
        param([string] $path)
        $stream = [System.IO.File]::OpenRead($path)
        try { $context.LoadFromStream($stream) } finally { $stream.Dispose() }
    }
    # The engine's types (e.g. AccessTokenStatus) come from the module's Dependencies folder.
    $context.add_Resolving([Func[System.Runtime.Loader.AssemblyLoadContext, System.Reflection.AssemblyName, System.Reflection.Assembly]] {
            param($loadContext, $name)
            $path = Join-Path $moduleBase "Dependencies/$($name.Name).dll"
            if (Test-Path $path) { & $load $path }
        })
    $assembly = & $load (Join-Path $moduleBase $manifest.RootModule)
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    $commands = [System.Collections.Generic.List[object]]::new()
    foreach ($class in $assembly.GetExportedTypes()) {
        $attribute = [Attribute]::GetCustomAttribute($class, [System.Management.Automation.CmdletAttribute])
        if (-not $attribute -or $class.IsAbstract) { continue }
        $cmdlet = [System.Management.Automation.CmdletInfo]::new("$($attribute.VerbName)-$($attribute.NounName)", $class)
        if ($manifest.CmdletsToExport -notcontains $cmdlet.Name) { continue }

        $parameters = [ordered]@{}
        foreach ($parameter in $cmdlet.Parameters.Values) {
            if ($common -contains $parameter.Name) { continue }
            $type = Get-TypeInfo $parameter.ParameterType
            $wildcards = $false
            foreach ($attribute in $parameter.Attributes) {
                if ($attribute -is [System.Management.Automation.ValidateSetAttribute]) { $type.Values = @($attribute.ValidValues) }
                if ($attribute -is [System.Management.Automation.SupportsWildcardsAttribute]) { $wildcards = $true }
            }
            $parameters[$parameter.Name] = @{
                Name      = $parameter.Name
                Type      = $type
                Aliases   = @($parameter.Aliases)
                Wildcards = $wildcards
            }
        }
        $sets = foreach ($set in $cmdlet.ParameterSets) {
            @{
                Name       = $set.Name
                IsDefault  = $set.IsDefault
                Parameters = @(foreach ($p in $set.Parameters) {
                        if ($common -contains $p.Name) { continue }
                        @{
                            Name           = $p.Name
                            Mandatory      = $p.IsMandatory
                            Position       = $p.Position
                            ByValue        = $p.ValueFromPipeline
                            ByPropertyName = $p.ValueFromPipelineByPropertyName
                        }
                    })
            }
        }
        $commands.Add(@{
                Name       = $cmdlet.Name
                Verb       = $cmdlet.Verb
                Noun       = $cmdlet.Noun
                Parameters = $parameters
                Sets       = @($sets)
            })
    }
    $missing = @($manifest.CmdletsToExport | Where-Object { $commands.Name -notcontains $_ })
    if ($missing) { throw "The manifest exports cmdlets that $($manifest.RootModule) does not define: $($missing -join ', ')." }
    , @($commands | Sort-Object { $_.Name })
}

Export-ModuleMember -Function Get-CommandMetadata

#Requires -Version 7.2
# Whether the help sources describe the built cmdlets completely and nothing else: every exported
# cmdlet has a help file with a synopsis, a description, an example and text for each of its
# parameters (other than PowerShell's common parameters), and no file describes a cmdlet or a
# parameter that does not exist.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Get-HelpGap {
    <# One line for each gap between the cmdlets' metadata and their help; nothing when the help is complete. #>
    param($Commands, [hashtable] $Helps, [string] $SourcePath)
    foreach ($command in $Commands) {
        $help = $Helps[$command.Name]
        if (-not $help) { "$($command.Name): no help file ($(Join-Path $SourcePath "$($command.Name).md"))."; continue }
        if ($help.Name -ne $command.Name) { "$($command.Name).md: the title is '# $($help.Name)', not '# $($command.Name)'." }
        if (-not ($help.Synopsis -join '').Trim()) { "$($command.Name): no synopsis." }
        if (-not ($help.Description -join '').Trim()) { "$($command.Name): no description." }
        foreach ($name in $command.Parameters.Keys) {
            $text = $help.Parameters[$name]
            if (-not $text -or -not ($text.Paragraphs -join '').Trim()) { "$($command.Name): the parameter -$name has no help text." }
        }
        foreach ($name in $help.OwnNames) {
            if (-not $command.Parameters.Contains($name)) { "$($command.Name): the help describes -$name, which the cmdlet does not have." }
        }
        if ($help.Examples.Count -eq 0) { "$($command.Name): no example." }
    }
    foreach ($name in $Helps.Keys) {
        if ($Commands.Name -notcontains $name) { "${name}.md: no exported cmdlet is named $name." }
    }
}

Export-ModuleMember -Function Get-HelpGap

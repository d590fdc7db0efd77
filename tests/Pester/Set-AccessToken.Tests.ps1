# Set-AccessToken under today's API (1.30), the default: the caller's tokens patched in
# /me/tokens, by id and piped from Get-AccessToken, -WhatIf, exactly the fields given (raw bodies
# compared to the letter), and the changes it refuses before any request. Owners and the fields
# New- and Set-AccessToken share have suites of their own; the seed's contract (API 1.3.7) is
# tested in Set-AccessToken.Api137.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
    $script:App = Get-EmulatorSeedId 1 -Kind Application
    $script:Instance = Get-EmulatorSeedId 1 -Kind Instance
    $script:AppToken = Get-EmulatorSeedId 1 -Kind ApplicationToken
    $script:InstanceToken = Get-EmulatorSeedId 1 -Kind InstanceToken
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Set-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'PassThru_emits_the_token_as_the_API_answered_the_PATCH_of_the_item' {
        $updated = @(Set-AccessToken -Id $UserTokens[1] -Description 'Rotated' -PassThru)

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method PATCH -Path "/me/tokens/$($UserTokens[1])" -Bearer $script:Emulator.ApiToken -Body '{"description":"Rotated"}'
        $updated.Count | Should -Be 1
        $updated[0].Id | Should -BeExactly $UserTokens[1]
        $updated[0].Description | Should -BeExactly 'Rotated'
        (Get-EmulatorApiToken $script:Emulator -Path '/me/tokens' | Where-Object id -EQ $UserTokens[1]).description | Should -BeExactly 'Rotated'
    }

    It 'The_callers_tokens_piped_from_Get_AccessToken_are_patched_each_in_me_tokens' {
        $tokens = @(Get-AccessToken)

        $tokens | Set-AccessToken -Status Inactive

        $changes = @(Get-Request | Where-Object method -NE 'GET')
        $changes.Count | Should -Be $tokens.Count
        for ($i = 0; $i -lt $tokens.Count; $i++) {
            Assert-Request $changes[$i] -Method PATCH -Path "/me/tokens/$($tokens[$i].Id)" -Bearer $script:Emulator.ApiToken -Body '{"status":"inactive"}'
        }
        (Get-EmulatorApiToken $script:Emulator -Path '/me/tokens').status | Should -Not -Contain 'active'
    }

    It 'WhatIf_sends_nothing_emits_nothing_and_changes_nothing' {
        Assert-NoChange { Set-AccessToken -Id $UserTokens[0] -Status Inactive -WhatIf -PassThru }
    }
}

Describe 'Set-AccessToken sends exactly the fields given' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It '<Case>' -ForEach @(
        @{ Case = 'Description_alone'; Arguments = @{ Description = 'Nightly export' }; Body = '{"description":"Nightly export"}' }
        @{ Case = 'DefaultRole_alone'; Arguments = @{ DefaultRole = 'edit' }; Body = '{"defaultRole":"edit"}' }
        @{ Case = 'An_empty_description_clears_it'; Arguments = @{ Description = '' }; Body = '{"description":""}' }
        @{ Case = 'Every_field_in_the_schemas_order'; Arguments = @{ Name = 'n'; Description = 'd'; DefaultRole = 'none'; Status = 'Active' }
            Body = '{"name":"n","description":"d","defaultRole":"none","status":"active"}'
        }
    ) {
        Set-AccessToken -Id 5a0000000000000000000001 @Arguments @Connection

        Assert-OnlyRequest PATCH '/me/tokens/5a0000000000000000000001' $Body
    }

    It 'An_application_tokens_description_is_patched_in_its_application' {
        Set-AccessToken -Id $script:AppToken -ApplicationId $script:App -Description 'Gateway' @Connection

        Assert-OnlyRequest PATCH "/applications/$($script:App)/tokens/$($script:AppToken)" '{"description":"Gateway"}'
        (Get-StoredToken $script:Emulator $script:AppToken -Collection "/applications/$($script:App)/tokens").description | Should -BeExactly 'Gateway'
    }

    It 'An_instance_tokens_default_role_is_patched_in_its_instance_and_PassThru_shows_it' {
        $updated = Set-AccessToken -Id $script:InstanceToken -InstanceId $script:Instance -DefaultRole ADMIN -PassThru @Connection

        Assert-OnlyRequest PATCH "/instances/$($script:Instance)/tokens/$($script:InstanceToken)" '{"defaultRole":"admin"}'
        $updated.DefaultRole | Should -BeExactly 'admin'
        $updated.InstanceId | Should -BeExactly $script:Instance
    }
}

Describe 'Changes refused before any request' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Set_AccessToken_without_a_change_is_NoChangeGiven_<Case>' -ForEach @(
        @{ Case = 'for the caller'; Owner = @{} }
        @{ Case = 'for an application'; Owner = @{ ApplicationId = '5b0000000000000000000001' } }
        @{ Case = 'for an instance'; Owner = @{ InstanceId = '5d0000000000000000000001' } }
    ) {
        $thrown = { Set-AccessToken -Id $script:AppToken @Owner @Connection } |
            Should -Throw -ErrorId 'NoChangeGiven,Losant.AccessTokens.Commands.SetAccessTokenCommand' -PassThru

        $thrown.Exception.Message | Should -BeLike '*-Description*-DefaultRole*'
        (Get-Request).Count | Should -Be 0
    }

    It 'Set_AccessToken_has_no_<Parameter>_parameter_because_the_API_cannot_change_it' -ForEach @(
        @{ Parameter = 'Scope'; Value = 'all.User' }
        @{ Parameter = 'ExpirationDate'; Value = '2031-01-01' }
    ) {
        $argument = @{ $Parameter = $Value }

        { Set-AccessToken -Id $UserTokens[1] -Name 'n' @argument @Connection } |
            Should -Throw -ErrorId 'NamedParameterNotFound,Losant.AccessTokens.Commands.SetAccessTokenCommand'
        (Get-Command Set-AccessToken).Parameters.Keys | Should -Not -Contain $Parameter
        (Get-Request).Count | Should -Be 0
    }
}

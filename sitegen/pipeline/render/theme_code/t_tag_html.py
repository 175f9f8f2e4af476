from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tag.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_post_list = l_0_pager = missing
    pass
    parent_template = environment.get_template('base.html', 'tag.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('partials/macros.html', 'tag.html').make_module(context.get_all(), True, {'pager': l_0_pager, 'post_list': l_0_post_list})
    l_0_post_list = getattr(included_template, 'post_list', missing)
    if l_0_post_list is missing:
        l_0_post_list = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'tag.html') does not export the requested name 'post_list'", name='post_list')
    l_0_pager = getattr(included_template, 'pager', missing)
    if l_0_pager is missing:
        l_0_pager = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'tag.html') does not export the requested name 'pager'", name='pager')
    context.vars.update({'post_list': l_0_post_list, 'pager': l_0_pager})
    context.exported_vars.difference_update(('post_list', 'pager'))
    yield from parent_template.root_render_func(context)

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_link = resolve('link')
    l_0__ = resolve('_')
    l_0_tag = resolve('tag')
    l_0_ngettext = resolve('ngettext')
    l_0_page = resolve('page')
    l_0_config = resolve('config')
    l_0_post_list = resolve('post_list')
    l_0_posts = resolve('posts')
    l_0_pager = resolve('pager')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<header class="page-header">\n<p class="kicker"><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), '/tags/', _block_vars=_block_vars))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tags', _block_vars=_block_vars))
    yield '</a></p>\n<h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Posts tagged “%(name)s”', name=environment.getattr((undefined(name='tag') if l_0_tag is missing else l_0_tag), 'name'), _block_vars=_block_vars))
    yield '</h1>\n<p class="lead">'
    yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(num)s post', '%(num)s posts', t_1(environment.getattr((undefined(name='tag') if l_0_tag is missing else l_0_tag), 'posts')), _block_vars=_block_vars))
    if (environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'total') > 1):
        pass
        yield ' · '
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'page %(number)s of %(total)s', number=environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'number'), total=environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'total'), _block_vars=_block_vars))
    if environment.getattr((undefined(name='config') if l_0_config is missing else l_0_config), 'tag_feeds'):
        pass
        yield ' · <a href="'
        yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), markup_join((environment.getattr((undefined(name='tag') if l_0_tag is missing else l_0_tag), 'url'), 'feed.xml', )), _block_vars=_block_vars))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'RSS feed of this tag', _block_vars=_block_vars))
        yield '</a>'
    yield '</p>\n</header>\n'
    yield escape(context.call((undefined(name='post_list') if l_0_post_list is missing else l_0_post_list), (undefined(name='posts') if l_0_posts is missing else l_0_posts), _block_vars=_block_vars))
    yield '\n'
    yield escape(context.call((undefined(name='pager') if l_0_pager is missing else l_0_pager), environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Pages of this tag', _block_vars=_block_vars), _block_vars=_block_vars))
    yield '\n'

blocks = {'content': block_content}
debug_info = '1=13&2=16&3=27&5=51&6=55&7=57&9=70&10=72'

# Generated by scripts/precompile_theme.py from themes/default/templates/tag.html: do not edit.
